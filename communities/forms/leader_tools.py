"""Forms of the leader tools: the community page, co-leaders, hand-over, messages to members.
They parse input; the rules that need the database (last leader, message limit...) live in the
services, whose ValidationErrors forms.base.add_service_errors puts next to the field."""

from __future__ import annotations

from django import forms

from ..models import Community, CommunityResources, MemberMessage, Membership
from ..services.communities import PAGE_FIELDS
from ..validators import validate_single_line
from .base import CrispyMixin, use_category_picker


class CommunityPageForm(CrispyMixin, forms.ModelForm):
    """What a leader edits on the community page, plus its resource links."""

    mailing_list_url = forms.CharField(
        label="Mailing list",
        max_length=500,
        required=False,
        help_text="A web address or a mailto: link.",
    )
    chat_url = forms.URLField(
        label="Chat channel", max_length=500, required=False, assume_scheme="https"
    )
    shared_folder_url = forms.URLField(
        label="Shared folder", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Community
        fields = list(PAGE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "joining_instructions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": "Markdown: **bold**, *italic*, lists with “- ”, [links](https://…), "
            "headings with “#”. HTML is not allowed.",
        }

    def __init__(self, *args, resources: CommunityResources | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        use_category_picker(self)
        if resources is not None and not self.is_bound:
            for name in ("mailing_list_url", "chat_url", "shared_folder_url"):
                self.initial[name] = getattr(resources, name)
        self.submit_label = "Save the page"
        self._helper()


class CoLeaderForm(CrispyMixin, forms.Form):
    identifier = forms.CharField(
        label="Username or e-mail address", max_length=254,
        help_text="They must already have an account. They become a member if they are not one.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Add co-leader"
        self._helper()


class HandOverForm(CrispyMixin, forms.Form):
    membership = forms.ModelChoiceField(label="New leader", queryset=Membership.objects.none())
    stay_as_co_leader = forms.BooleanField(
        label="The current leader stays on as a co-leader", required=False, initial=True
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            community.memberships.active()
            .select_related("user")
            .order_by("user__last_name", "user__username")
        )
        # Offered: everyone but the leader. Accepted: any active member, so the same form sent
        # twice (it names the leader by then) reaches the service, which says it is done.
        self.fields["membership"].queryset = (
            members if self.is_bound else members.exclude(role=Membership.Role.LEADER)
        )
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})"
        )
        self.submit_label = "Hand over leadership"
        self._helper()


class MemberMessageForm(CrispyMixin, forms.Form):
    subject = forms.CharField(max_length=200, validators=[validate_single_line])
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 8}))
    mode = forms.ChoiceField(
        label="Send as", choices=MemberMessage.Mode.choices, initial=MemberMessage.Mode.INDIVIDUAL,
        widget=forms.RadioSelect,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Send to all members"
        self._helper()
