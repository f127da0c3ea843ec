"""Forms for scheduling and editing meetings and recording attendance (leader tools). They parse
input; the rules that need the database (capacity, past dates) live in services.meetings and
services.rsvps, whose ValidationErrors forms.base.add_service_errors puts next to the field."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings

from ..models import MeetingFormat, MeetingSeries
from ..selectors.meetings import CampusPeriod
from ..validators import validate_single_line
from .base import CrispyMixin
from .directory import category_choices


@cache
def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone name, sorted, as select choices."""
    names = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [(name, name.replace("_", " ")) for name in [*names, "UTC"]]


class MeetingForm(CrispyMixin, forms.Form):
    """One meeting: date, local start and end times in a zone, place, link, agenda, capacity."""

    title = forms.CharField(max_length=200, validators=[validate_single_line])
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Starts", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Ends", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    timezone = forms.ChoiceField(label="Time zone", choices=zone_choices)
    location = forms.CharField(
        max_length=200, required=False, help_text="Room or address.",
        validators=[validate_single_line],
    )  # fmt: skip
    online_url = forms.URLField(
        label="Online link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Shown only to members. Must start with http:// or https://.",
        validators=[validate_single_line],
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


class AttendanceForm(CrispyMixin, forms.Form):
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


class CampusMeetingFilterForm(forms.Form):
    """The filters of /meetings/ (a GET form): the community's format and category, and this week
    or this month (selectors.meetings.campus_meetings). A stale or hand-edited value is ignored:
    ``filters()`` returns only the valid ones."""

    meeting_format = forms.ChoiceField(
        label="Format", required=False, choices=[("", "Any format"), *MeetingFormat.choices]
    )
    category = forms.ChoiceField(label="Category", required=False)
    period = forms.ChoiceField(
        label="When", required=False, choices=[("", "Any time"), *CampusPeriod.CHOICES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category"), *category_choices()]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_show_errors = False
        self.helper.disable_csrf = True  # a GET form: no token in URLs and the shared cache

    def filters(self) -> dict[str, str]:
        """The valid filters as keyword arguments for campus_meetings."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
