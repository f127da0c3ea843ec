"""The leader's invitation form: addresses pasted in one box (commas, spaces, semicolons or new
lines between them), a role and a personal note. Services.invitations decides who is invited."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..models import Invitation
from ..models.invitations import NOTE_MAX_LENGTH
from ..validators import validate_single_line
from .base import CrispyMixin

# How many addresses one paste may hold; the rate limit (settings.RATE_LIMITS) counts the rest.
ADDRESSES_PER_PASTE = 50
SEPARATORS = re.compile(r"[\s,;]+")


def split_addresses(text: str) -> list[str]:
    """The addresses in ``text`` (separated by commas, semicolons or white space), lower-case, in
    order, repeats kept (the service reports them). ``"Ann <ann@x.edu>"`` is not understood: the
    parts become separate (invalid) words."""
    return [part.lower() for part in SEPARATORS.split(text) if part]


class InvitationForm(CrispyMixin, forms.Form):
    """``emails`` (cleaned: a list of valid lower-case addresses), ``role``, ``note``."""

    emails = forms.CharField(
        label="E-mail addresses",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=ADDRESSES_PER_PASTE * 256,
        help_text=f"One or many (up to {ADDRESSES_PER_PASTE}), separated by commas, spaces or new "
        "lines. People without an account yet can accept too.",
    )
    role = forms.ChoiceField(
        label="Invite as",
        choices=[
            (Invitation.Role.MEMBER, "Member"),
            (Invitation.Role.CO_LEADER, "Co-leader"),
        ],
        initial=Invitation.Role.MEMBER,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Personal note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Optional, up to {NOTE_MAX_LENGTH} characters. It is shown in the e-mail and "
        "on the invitation page.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Send invitations"
        self._helper()

    def clean_emails(self) -> list[str]:
        addresses = split_addresses(self.cleaned_data["emails"])
        if not addresses:
            raise ValidationError("Give at least one e-mail address.", code="required")
        if len(addresses) > ADDRESSES_PER_PASTE:
            raise ValidationError(
                f"At most {ADDRESSES_PER_PASTE} addresses at a time; you gave {len(addresses)}.",
                code="too_many",
            )
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            shown = ", ".join(f"“{a[:60]}”" for a in bad[:10])
            raise ValidationError(
                f"Not e-mail addresses: {shown}. Correct or remove them; nothing was sent.",
                code="invalid",
            )
        return addresses


class InvitationSignUpForm(CrispyMixin, forms.Form):
    """A site account for the invited address: a name and a password (the project's password
    validators apply, with the address as the user's attribute). The address itself is not asked:
    it is the invited one, which the link proves the person receives."""

    first_name = forms.CharField(
        label="First name", max_length=150, validators=[validate_single_line]
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, required=False, validators=[validate_single_line]
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not a common password, not like your address.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.submit_label = "Create my account and accept"
        self._helper()

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", ValidationError("The passwords differ.", code="mismatch"))
        elif first:
            probe = get_user_model()(
                username=self.email, email=self.email, first_name=data.get("first_name", "")
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
