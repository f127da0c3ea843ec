"""What every form of the site shares: a crispy-forms submit button, putting a service's
ValidationError next to the field it names, and the category picker."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from ..models import Category


def managed_category_choices() -> list[tuple[str, str]]:
    """The managed categories as select choices, "No category" first."""
    return [
        ("", "No category"),
        *((name, name) for name in Category.objects.values_list("name", flat=True)),
    ]


def use_category_picker(form: forms.ModelForm) -> None:
    """Turn ``form``'s ``category`` text box into a choice from the managed list (the model's
    validate_category refuses anything else anyway; this shows the list instead of a guess)."""
    field = form.fields["category"]
    form.fields["category"] = forms.ChoiceField(
        label=field.label,
        required=False,
        choices=managed_category_choices,
        help_text="Missing one? Ask the coordinators to add it.",
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: next to the field it names when the form has
    that field, at the top otherwise (e.g. errors about ``starts_at``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class CrispyMixin:
    """Gives a form ``helper`` with one submit button labelled ``submit_label``."""

    submit_label = "Save"

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))
