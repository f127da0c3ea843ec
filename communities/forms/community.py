"""Forms on a community's own pages for people who are not its leaders: writing to the leaders,
offering to lead it."""

from __future__ import annotations

from django import forms

from ..validators import validate_single_line
from .base import CrispyMixin


class ContactLeadersForm(CrispyMixin, forms.Form):
    """A signed-in person's message to a community's leaders (/c/<slug>/contact/)."""

    subject = forms.CharField(max_length=200, validators=[validate_single_line])
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Send to the leaders"
        self._helper()


class LeadOfferForm(CrispyMixin, forms.Form):
    """An offer to lead a community seeking a leader (/c/<slug>/offer-to-lead/)."""

    note = forms.CharField(
        label="A short note for the coordinators",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why you would like to lead it, and what you have in mind (up to 1,000 "
        "characters).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Offer to lead"
        self._helper()
