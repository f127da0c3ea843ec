import itertools
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from communities import recurrence


def test_monthly_by_weekday_keeps_the_second_wednesday():
    dates = recurrence.occurrence_dates(frequency="monthly", first_date=date(2026, 1, 14), count=4)
    assert dates == [date(2026, 1, 14), date(2026, 2, 11), date(2026, 3, 11), date(2026, 4, 8)]
    assert all(d.weekday() == 2 for d in dates)


def test_a_fifth_weekday_means_the_last_one_each_month():
    dates = recurrence.occurrence_dates(frequency="monthly", first_date=date(2026, 12, 31), count=3)
    assert dates == [date(2026, 12, 31), date(2027, 1, 28), date(2027, 2, 25)]


def test_every_two_weeks_skips_a_week_and_crosses_the_year():
    dates = recurrence.occurrence_dates(
        frequency="weekly", first_date=date(2026, 12, 23), count=3, interval=2
    )
    assert dates == [date(2026, 12, 23), date(2027, 1, 6), date(2027, 1, 20)]


def test_ten_oclock_in_denver_is_a_different_utc_hour_either_side_of_november_dst():
    before = recurrence.local_to_utc(date(2026, 10, 28), time(10), "America/Denver")
    after = recurrence.local_to_utc(date(2026, 11, 4), time(10), "America/Denver")
    assert (before.hour, after.hour) == (16, 17)
    assert before.astimezone(ZoneInfo("America/Denver")).hour == 10
    assert after.astimezone(ZoneInfo("America/Denver")).hour == 10


def test_the_pattern_reads_as_words():
    assert (
        recurrence.describe(frequency="monthly", first_date=date(2026, 3, 11))
        == "Monthly on the second Wednesday"
    )
    assert (
        recurrence.describe(frequency="weekly", first_date=date(2026, 3, 11), interval=3)
        == "Every 3 weeks on Wednesday"
    )


@given(
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    count=st.integers(min_value=1, max_value=30),
)
def test_monthly_dates_keep_the_weekday_and_its_place_in_the_month(first, count):
    dates = recurrence.occurrence_dates(frequency="monthly", first_date=first, count=count)
    ordinal = recurrence.week_of_month(first)
    assert len(dates) == count and dates[0] == first
    for day in dates:
        assert day.weekday() == first.weekday()
        if ordinal == -1:  # the last one: a week later is next month
            assert (day + timedelta(days=7)).month != day.month
        else:
            assert (day.day - 1) // 7 + 1 == ordinal
    assert all(a < b for a, b in itertools.pairwise(dates))


@given(
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    hour=st.integers(min_value=5, max_value=22),
    zone=st.sampled_from(["America/Denver", "Europe/Berlin", "Australia/Sydney", "UTC"]),
)
def test_a_weekly_series_stays_at_the_same_local_hour_in_any_zone(first, hour, zone):
    dates = recurrence.occurrence_dates(frequency="weekly", first_date=first, count=30)
    for day in dates:
        local = recurrence.local_to_utc(day, time(hour), zone).astimezone(ZoneInfo(zone))
        assert (local.date(), local.hour) == (day, hour)


def test_a_time_skipped_by_spring_forward_is_refused_with_the_reason():
    # 02:30 does not exist in Denver on 8 March 2026: the clocks go from 02:00 to 03:00.
    with pytest.raises(ValidationError) as error:
        recurrence.local_to_utc(date(2026, 3, 8), time(2, 30), "America/Denver")
    assert error.value.code == "nonexistent_time"
    assert "the clocks go forward at 02:00" in error.value.messages[0]
