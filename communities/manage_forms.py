"""Forms for leader tools, meetings and personal settings. They parse input; the rules that need
the database (capacity, past dates, last leader...) live in the services, whose ValidationErrors
``add_service_errors`` puts next to the matching field."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from .models import Community, CommunityResources, MeetingSeries, MemberMessage, Membership
from .services.communities import PAGE_FIELDS


@cache
def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone name, sorted, as select choices."""
    names = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [(name, name.replace("_", " ")) for name in [*names, "UTC"]]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: next to the field it names when the form has
    that field, at the top otherwise (e.g. errors about ``starts_at``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class _CrispyMixin:
    submit_label = "Save"

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class CommunityPageForm(_CrispyMixin, forms.ModelForm):
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
        if resources is not None and not self.is_bound:
            for name in ("mailing_list_url", "chat_url", "shared_folder_url"):
                self.initial[name] = getattr(resources, name)
        self.submit_label = "Save the page"
        self._helper()


class MeetingForm(_CrispyMixin, forms.Form):
    """One meeting: date, local start and end times in a zone, place, link, agenda, capacity."""

    title = forms.CharField(max_length=200)
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Starts", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Ends", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    timezone = forms.ChoiceField(label="Time zone", choices=zone_choices)
    location = forms.CharField(max_length=200, required=False, help_text="Room or address.")
    online_url = forms.URLField(
        label="Online link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Shown only to members. Must start with http:// or https://.",
    )
    notes = forms.CharField(
        label="Agenda", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    capacity = forms.IntegerField(
        min_value=1,
        required=False,
        help_text="Leave empty for no limit; beyond it people join a waitlist.",
    )

    def __init__(self, *args, submit_label: str = "Save meeting", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = settings.TIME_ZONE
        self.submit_label = submit_label
        self._helper()

    def service_kwargs(self) -> dict:
        """The cleaned values as keyword arguments of the meeting services."""
        data = self.cleaned_data
        names = ("title", "day", "start_time", "end_time", "location", "online_url", "notes")
        return {"timezone_name": data["timezone"], "capacity": data["capacity"]} | {
            name: data[name] for name in names
        }


class MeetingEditForm(MeetingForm):
    """Edit a meeting; for a meeting in a series, choose this one or this and the following."""

    scope = forms.ChoiceField(
        label="Apply the changes to",
        choices=[("this", "This meeting only"), ("following", "This and the following meetings")],
        initial="this",
        widget=forms.RadioSelect,
        required=False,
        help_text="Later meetings keep their own dates and take the new times and details.",
    )

    def __init__(self, *args, in_series: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["scope"]


class SeriesForm(MeetingForm):
    """A recurring series: the first meeting plus how it repeats."""

    frequency = forms.ChoiceField(label="Repeats", choices=MeetingSeries.Frequency.choices)
    interval = forms.IntegerField(
        label="Every how many weeks", min_value=1, max_value=8, initial=1,
        help_text="For weekly series: 1 = every week, 2 = every other week.",
    )  # fmt: skip
    count = forms.IntegerField(label="Number of meetings", min_value=2, max_value=52, initial=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit_label="Schedule the series", **kwargs)
        self.fields["day"].label = "First date"
        self.fields["day"].help_text = (
            "Monthly series repeat on the same weekday of the month: a first date on the second "
            "Wednesday gives every second Wednesday (the fifth one means “the last”)."
        )


class CoLeaderForm(_CrispyMixin, forms.Form):
    identifier = forms.CharField(
        label="Username or e-mail address", max_length=254,
        help_text="They must already have an account. They become a member if they are not one.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Add co-leader"
        self._helper()


class HandOverForm(_CrispyMixin, forms.Form):
    membership = forms.ModelChoiceField(label="New leader", queryset=Membership.objects.none())
    stay_as_co_leader = forms.BooleanField(
        label="The current leader stays on as a co-leader", required=False, initial=True
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            community.memberships.active()
            .exclude(role=Membership.Role.LEADER)
            .select_related("user")
            .order_by("user__last_name", "user__username")
        )
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})"
        )
        self.submit_label = "Hand over leadership"
        self._helper()


class MemberMessageForm(_CrispyMixin, forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 8}))
    mode = forms.ChoiceField(
        label="Send as", choices=MemberMessage.Mode.choices, initial=MemberMessage.Mode.INDIVIDUAL,
        widget=forms.RadioSelect,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Send to all members"
        self._helper()


class AttendanceForm(_CrispyMixin, forms.Form):
    present = forms.MultipleChoiceField(
        label="Who came", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(u.pk), u.get_full_name() or u.get_username()) for u in candidates
        ]
        self.submit_label = "Save attendance"
        self._helper()

    def present_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["present"]}


class SettingsForm(_CrispyMixin, forms.Form):
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
