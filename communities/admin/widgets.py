"""Admin date-time widgets: labelled split date and time inputs read as the site's wall clock."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils import timezone

from ..recurrence import wall_clock


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's split date and time inputs, each with an accessible name (they share one label)."""

    def __init__(self, label: str, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = f"{label}: date"
        self.widgets[1].attrs["aria-label"] = f"{label}: time"


class WallClockSplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time typed in the site's time zone (settings.TIME_ZONE), as an aware datetime.

    Read by recurrence.wall_clock, the one rule for local times: a time that occurs twice is its
    first occurrence; one skipped when the clocks go forward, or a date outside 2000..2100, is
    refused with a message next to the field.
    """

    def compress(self, data_list):
        """``[date, time]`` → aware datetime, or None when both are empty.

        Raises ValidationError for a missing part, a time that does not exist that day or a date
        out of range.
        """
        if data_list and not any(part in self.empty_values for part in data_list):
            return wall_clock(*data_list, timezone.get_current_timezone())
        return super().compress(data_list)


class LabelledDateTimesMixin:
    """Admin date-times: split inputs that each have an accessible name, read in the site's zone
    even in the hour that happens twice (WallClockSplitDateTimeField)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(str(db_field.verbose_name).capitalize())
            kwargs["form_class"] = WallClockSplitDateTimeField
        return super().formfield_for_dbfield(db_field, request, **kwargs)
