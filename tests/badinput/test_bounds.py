"""Input at the edges answers with a message or a 4xx, never a 500: NUL bytes, over-long log-in
names, dates far in the future, local times that do not exist."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Meeting
from tests.meeting_helpers import schedule

pytestmark = pytest.mark.clock("2027-03-13 12:00")

MEETING = {
    "title": "Lunch and learn", "day": "2027-03-20", "start_time": "12:00", "end_time": "13:00",
    "timezone": "America/Denver", "location": "", "online_url": "", "notes": "", "capacity": "",
}  # fmt: skip


def _new_meeting(client, community, **change):
    url = reverse("communities:manage_meeting_new", args=[community.slug])
    return client.post(url, {**MEETING, **change})


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/Denver", "Pacific/Kiritimati"])
@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01", "1999-12-31", "0001-01-01"])
def test_a_meeting_date_outside_2000_to_2100_is_refused_next_to_the_field(
    client, community, leader, zone, day
):
    client.force_login(leader)
    response = _new_meeting(client, community, day=day, start_time="23:00", end_time="23:30",
                            timezone=zone)  # fmt: skip
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_start_that_the_clocks_skip_is_refused_with_the_reason(client, community, leader):
    client.force_login(leader)
    response = _new_meeting(client, community, day="2027-03-14", start_time="02:30",
                            end_time="03:30")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "02:30 does not exist on 14 March 2027 in America/Denver" in page
    assert "meeting_ends_after_start" not in page
    assert not Meeting.objects.exists()


def test_an_end_that_the_clocks_skip_is_refused_rather_than_shortened(community):
    with pytest.raises(ValidationError) as error:
        schedule(community, day=date(2027, 3, 14), start_time=time(1, 30), end_time=time(2, 30))
    assert error.value.error_dict["end_time"][0].code == "nonexistent_time"


def test_a_time_that_happens_twice_is_its_first_occurrence(community):
    meeting = schedule(community, day=date(2027, 11, 7), start_time=time(1, 30),
                       end_time=time(2, 30))  # fmt: skip
    assert meeting.starts_at == datetime(2027, 11, 7, 7, 30, tzinfo=UTC)  # 01:30 MDT


def test_admin_refuses_a_meeting_in_year_9999_next_to_the_field(client, coordinator, community):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:communities_meeting_change", args=[meeting.pk]),
        {
            "community": community.pk, "title": "Far away", "starts_at_0": "9999-12-31",
            "starts_at_1": "23:00", "ends_at_0": "9999-12-31", "ends_at_1": "23:30",
            "timezone": "Asia/Tokyo", "location": "", "online_url": "", "notes": "",
            "capacity": "",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/me/calendar/abc%00def.ics",
        "/?q=%00",
        "/admin/communities/community/?q=%00",
        "/admin/communities/community/?status__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=communities&model_name=membership"
        "&field_name=community",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400(client, coordinator, path):
    client.force_login(coordinator)
    assert client.get(path).status_code == 400


def test_a_nul_byte_in_a_form_is_a_400(client, community, leader):
    client.force_login(leader)
    assert _new_meeting(client, community, title="Lunch\x00").status_code == 400
    assert not Meeting.objects.exists()


def test_an_over_long_log_in_name_is_an_ordinary_failed_log_in(client, db):
    response = client.post("/accounts/login/", {"username": "x" * 300, "password": "guess"})
    assert response.status_code == 200


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../../etc/passwd"])
def test_admin_refuses_a_time_zone_that_does_not_exist(client, coordinator, community, zone):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:communities_meeting_change", args=[meeting.pk]),
        {
            "community": community.pk, "title": "Zoned", "starts_at_0": "2027-03-20",
            "starts_at_1": "10:00", "ends_at_0": "2027-03-20", "ends_at_1": "11:00",
            "timezone": zone, "location": "", "online_url": "", "notes": "", "capacity": "",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "Choose a time zone from the list." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.timezone == "America/Denver"


def test_a_meeting_stored_with_an_unknown_zone_still_opens_in_the_leader_tools(
    client, community, leader
):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    Meeting.objects.filter(pk=meeting.pk).update(timezone="Mars/Olympus")  # saved before the rule
    client.force_login(leader)

    response = client.get(f"/c/{community.slug}/manage/meetings/{meeting.pk}/edit/")

    assert response.status_code == 200
    assert 'value="10:00"' in response.content.decode()  # read in the site's zone
