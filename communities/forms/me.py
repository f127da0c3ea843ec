"""A person's own settings form (/me/settings/): which community e-mails they get."""

from __future__ import annotations

from django import forms

from ..models import Community, Membership
from .base import CrispyMixin


class SettingsForm(CrispyMixin, forms.Form):
    meeting_emails = forms.BooleanField(
        label="E-mail me from my communities",
        required=False,
        help_text="Meetings scheduled, changed or cancelled, reminders, leaders' messages.",
    )
    communities = forms.ModelMultipleChoiceField(
        label="E-mails from these communities",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick a community to stop all its e-mails.",
    )
    member_digest = forms.BooleanField(
        label="Send me a weekly digest",
        required=False,
        help_text="On Monday mornings: new meetings and new members of my communities.",
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
