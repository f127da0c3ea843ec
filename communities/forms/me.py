"""A person's own settings form (/me/settings/): which community e-mails they get, and what
fellow members see about them (their "ask me about" line, where they appear)."""

from __future__ import annotations

from django import forms

from ..models import Community, Membership
from ..validators import validate_single_line
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
    ask_me_about = forms.CharField(
        label="Ask me about",
        max_length=140,
        required=False,
        validators=[validate_single_line],
        help_text="One line (up to 140 characters) your fellow members see next to your name, "
        "e.g. “screen readers, PDF remediation”.",
    )
    listed_in = forms.ModelMultipleChoiceField(
        label="Show me on the members page of",
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only the community's members see that page. Untick to hide yourself there "
        "(its leaders still see you in their roster).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Community.objects.filter(
            memberships__user=user, memberships__state=Membership.State.ACTIVE
        )
        self.fields["communities"].queryset = mine
        self.fields["listed_in"].queryset = mine
        self.submit_label = "Save settings"
        self._helper()

    def muted_ids(self) -> set[int]:
        chosen = {c.pk for c in self.cleaned_data["communities"]}
        return {c.pk for c in self.fields["communities"].queryset} - chosen
