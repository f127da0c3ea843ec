"""The proposal form (/propose/). It validates input; services.proposals writes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator

from ..models import Proposal
from ..services.communities import community_name_check
from .base import use_category_picker


class ProposalForm(forms.ModelForm):
    """An employee's proposal for a new community."""

    class Meta:
        model = Proposal
        fields = [
            "name",
            "kind",
            "category",
            "purpose",
            "audience",
            "proposed_co_leaders",
            "intended_cadence",
            "intended_format",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "proposed_co_leaders": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "intended_cadence": "How often will you meet?",
            "intended_format": "Format",
            "proposed_co_leaders": "Proposed co-leaders",
        }

    # Long enough for a real proposal, short enough to read (and to e-mail) comfortably.
    TEXT_LIMITS = {"purpose": 4000, "audience": 2000, "proposed_co_leaders": 2000}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_category_picker(self)
        for name, limit in self.TEXT_LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Send proposal"))

    def clean_name(self) -> str:
        # The one name rule (clean, not empty, not taken): services.communities.
        return community_name_check(self.cleaned_data["name"])

    def clean_purpose(self) -> str:
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 20:
            raise forms.ValidationError(
                "Say in a sentence or two what members will learn or do together (20+ characters).",
                code="too_short",
            )
        return purpose
