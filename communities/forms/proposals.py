"""The proposal form (/propose/). It validates input; services.proposals writes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html

from ..models import Proposal
from ..names import name_clean
from ..services.communities import community_name_check, community_name_holder
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

    # The name the proposer saw similar communities for and chose to send anyway ("did you
    # mean ... ?" step, views.proposals.propose); not stored.
    distinct_from = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

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
        # For static/js/similar-names.js: where to ask for similar names while the name is typed.
        self.helper.attrs = {"data-similar-url": reverse("communities:propose_similar")}

    def ask_to_confirm(self) -> None:
        """The "did you mean ... ?" step: the button now sends the proposal despite the list."""
        self.helper.inputs = [Submit("submit", "Send my proposal anyway")]

    def clean_name(self) -> str:
        # The one name rule (clean, not empty, not taken): services.communities. A taken name's
        # message links to the community that holds it.
        name = self.cleaned_data["name"]
        try:
            return community_name_check(name)
        except ValidationError as error:
            holder = community_name_holder(name_clean(name)) if error.code == "name_taken" else None
            if holder is None:
                raise
            raise ValidationError(
                format_html(
                    '{} <a class="alert-link" href="{}">Open the page of “{}”</a>.',
                    error.message,
                    holder.get_absolute_url(),
                    holder.name,
                ),
                code="name_taken",
            ) from error

    def proposal_fields(self) -> dict:
        """The cleaned values that are Proposal fields (for services.proposals.proposal_submit)."""
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}

    def passed_similar(self) -> bool:
        """True when the proposer already saw the similar names for this very name and chose to
        send it anyway."""
        return bool(self.cleaned_data.get("distinct_from")) and (
            self.cleaned_data["distinct_from"] == self.cleaned_data.get("name")
        )

    def clean_purpose(self) -> str:
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 20:
            raise forms.ValidationError(
                "Say in a sentence or two what members will learn or do together (20+ characters).",
                code="too_short",
            )
        return purpose


class ProposalRevisionForm(ProposalForm):
    """The proposer's revision after a coordinator asked for changes: the same fields as
    /propose/, filled in, and an optional note for the thread."""

    note = forms.CharField(
        label="Note to the coordinators (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
        help_text="What you changed, or anything you want to explain.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["distinct_from"]
        self.helper.inputs = [Submit("submit", "Send the revised proposal")]
        self.helper.attrs = {}  # no live similar-names list here


class ProposalNoteForm(forms.Form):
    """A note in a proposal's thread (services.proposals.proposal_note_add checks the rest)."""

    body = forms.CharField(
        label="Your note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": "2000"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form posts to the thread's own URL
        self.helper.add_input(Submit("submit", "Add the note"))
