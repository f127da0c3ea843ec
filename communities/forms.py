"""Forms. They validate input; the writes happen in services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import Proposal
from .services import community_name_taken


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Send proposal"))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the community a name.", code="required")
        if community_name_taken(name):
            raise forms.ValidationError(
                "A community with this name already exists. Search the directory: you may want to "
                "join it instead.",
                code="name_taken",
            )
        return name

    def clean_purpose(self) -> str:
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 20:
            raise forms.ValidationError(
                "Say in a sentence or two what members will learn or do together (20+ characters).",
                code="too_short",
            )
        return purpose
