from datetime import date, time
from zoneinfo import ZoneInfo

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
