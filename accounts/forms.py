from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class AccountDeleteForm(forms.Form):
    """Asks the person to confirm, in words, that anonymising their account cannot be undone."""

    confirm = forms.BooleanField(
        label="I understand: my name, e-mail and directory details are removed for good, and my "
        "past memberships stay as “Former member”.",
        required=True,
        error_messages={"required": "Tick the box to confirm you want your account deleted."},
    )


class LoginForm(AuthenticationForm):
    """The site's log-in form: Django's, with the username's length enforced.

    Django sets the username field's max_length from the user model (150) after the field is made,
    so no validator checks it: a longer name went on to authenticate() and django-axes then failed
    to store it (255 characters at most; a 500 on PostgreSQL). Now it is a field error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
