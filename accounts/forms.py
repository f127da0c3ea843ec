from django import forms


class AccountDeleteForm(forms.Form):
    """Asks the person to confirm, in words, that anonymising their account cannot be undone."""

    confirm = forms.BooleanField(
        label="I understand: my name, e-mail and directory details are removed for good, and my "
        "past memberships stay as “Former member”.",
        required=True,
        error_messages={"required": "Tick the box to confirm you want your account deleted."},
    )
