"""A person's own settings form (/me/settings/): which meeting e-mails they get."""

from __future__ import annotations

from django import forms

from ..models import Community, Membership
from .base import CrispyMixin


class SettingsForm(CrispyMixin, forms.Form):
    meeting_emails = forms.BooleanField(
        label="E-mail me when a meeting is scheduled, changed or cancelled", required=False
    )
    communities = forms.ModelMultipleChoiceField(
        label="Meeting e-mails from these communities",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick a community to stop its meeting e-mails.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = Community.objects.filter(
            memberships__user=user, memberships__state=Membership.State.ACTIVE
        )
        self.submit_label = "Save settings"
        self._helper()

    def muted_ids(self) -> set[int]:
        chosen = {c.pk for c in self.cleaned_data["communities"]}
        return {c.pk for c in self.fields["communities"].queryset} - chosen
