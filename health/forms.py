"""Forms for the pulse questions and the yearly renewal. They validate; services write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

VALUE_CHOICES = [
    (1, "1 – none"),
    (2, "2 – a little"),
    (3, "3 – some"),
    (4, "4 – a lot"),
    (5, "5 – a great deal"),
]


class PulseForm(forms.Form):
    """The two pulse questions. ``value`` is required, ``focus`` optional."""

    value = forms.TypedChoiceField(
        label="How much value did you get?",
        choices=VALUE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a value from 1 to 5."},
    )
    focus = forms.CharField(
        label="What should we focus on next?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. Only the leaders read it, without your name.",
    )

    def __init__(self, *args, submit_label: str = "Send my answer", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label))


class RenewalForm(forms.Form):
    """The yearly renewal: purpose, cadence, and the leaders confirmed (with a note on changes)."""

    description = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the community is for and what members do together.",
    )
    meeting_cadence = forms.CharField(
        label="How often do you meet?", max_length=200, help_text='e.g. "Monthly, 2nd Wednesday"'
    )
    leaders_confirmed = forms.BooleanField(
        label="The leaders listed above are right, or I describe the changes below.",
        error_messages={"required": "Confirm the leaders, or describe the changes below."},
    )
    leaders_note = forms.CharField(
        label="Changes to the leaders",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. The coordinators read this.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Confirm for this year"))

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 20:
            raise forms.ValidationError(
                "Say in a sentence or two what the community is for (20+ characters).",
                code="too_short",
            )
        return text
