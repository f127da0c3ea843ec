"""Forms on a community's own pages for people who are not its leaders: writing to the leaders."""

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
