"""Single-line fields (titles, subjects, locations) refuse line breaks next to the field, and
calendar files and e-mails never fail on a line break already stored."""

from datetime import date, time

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import EmailMessageLog, Meeting, MemberSettings
from tests.meeting_helpers import schedule

pytestmark = pytest.mark.clock("2027-03-13 12:00")

MEETING = {
    "title": "Lunch and learn", "day": "2027-03-20", "start_time": "12:00", "end_time": "13:00",
    "timezone": "America/Denver", "location": "Room 5", "online_url": "", "notes": "", "capacity": "",
}  # fmt: skip


def _url(name, community, *args):
    return reverse(f"communities:{name}", args=[community.slug, *args])


@pytest.mark.parametrize("field", ["title", "location"])
@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n"])
def test_a_line_break_in_a_meeting_field_is_refused_next_to_it(
    client, community, leader, field, line_break
):
    client.force_login(leader)
    data = {**MEETING, field: f"Part one{line_break}Part two"}
    response = client.post(_url("manage_meeting_new", community), data)
    assert response.status_code == 200
    assert "one line" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_line_break_in_a_message_subject_is_refused_next_to_it(client, community, leader):
    client.force_login(leader)
    response = client.post(
        _url("manage_email", community),
        {"subject": "Room\rchange", "body": "We meet in room 7.", "mode": "individual"},
    )
    assert response.status_code == 200 and "one line" in response.content.decode()
    assert not EmailMessageLog.objects.exists()


def test_admin_refuses_a_line_break_in_a_meeting_title(client, coordinator, community):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    client.force_login(coordinator)
    url = reverse("admin:communities_meeting_change", args=[meeting.pk])
    response = client.post(
        url,
        {
            "community": community.pk, "title": "Part one\nPart two", "starts_at_0": "2027-03-20",
            "starts_at_1": "10:00", "ends_at_0": "2027-03-20", "ends_at_1": "11:00",
            "timezone": "America/Denver", "location": "", "online_url": "", "notes": "",
            "capacity": "",
        },
    )  # fmt: skip
    assert response.status_code == 200 and "one line" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "Monthly meetup"


@pytest.mark.parametrize("line_break", ["\n", "\r"])
def test_a_stored_line_break_breaks_neither_the_calendar_file_nor_the_emails(
    client, community, leader, member, line_break, django_capture_on_commit_callbacks
):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    Meeting.objects.filter(pk=meeting.pk).update(
        title=f"Part one{line_break}Part two", location=f"Room{line_break}5"
    )
    ics = client.get(_url("meeting_ics", community, meeting.pk))
    assert ics.status_code == 200
    body = ics.content.decode()
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    assert "SUMMARY:Part one Part two" in body
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("manage_meeting_cancel", community, meeting.pk), follow=True)
    assert response.status_code == 200
    assert mail.outbox and all("Part one" in m.subject for m in mail.outbox)
    assert not any("\r" in m.subject or "\n" in m.subject for m in mail.outbox)
    assert not EmailMessageLog.objects.exclude(status=EmailMessageLog.Status.SENT).exists()


# (category is a choice from the managed list: tests/test_categories.py)
@pytest.mark.parametrize("field", ["meeting_cadence", "usual_location"])
def test_a_line_break_in_a_one_line_field_of_the_community_page_is_refused(
    client, community, leader, field
):
    from tests.views.test_manage_page import FORM as PAGE

    client.force_login(leader)
    url = reverse("communities:manage_page", args=[community.slug])
    response = client.post(url, {**PAGE, field: "First\r\nSecond"})
    assert response.status_code == 200 and "one line" in response.content.decode()


def test_a_line_break_in_a_proposed_cadence_is_refused(client, employee):
    from tests.views.test_proposals import FORM as PROPOSAL

    client.force_login(employee)
    response = client.post(
        reverse("communities:propose"), {**PROPOSAL, "intended_cadence": "Monthly\nor so"}
    )
    assert response.status_code == 200 and "one line" in response.content.decode()


CONTROLS = ["\x1b", "\x07", "\x7f", "\x9b", "\t"]  # ESC, BEL, DEL, C1 CSI, tab: all category Cc


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_in_a_meeting_title_is_refused_next_to_it(
    client, community, leader, control
):
    client.force_login(leader)
    data = {**MEETING, "title": f"Lunch{control}[2J and learn"}
    response = client.post(_url("manage_meeting_new", community), data)
    assert response.status_code == 200
    assert "control character" in response.content.decode()
    assert not Meeting.objects.exists()


def test_admin_refuses_a_control_character_in_a_meeting_location(client, coordinator, community):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    client.force_login(coordinator)
    url = reverse("admin:communities_meeting_change", args=[meeting.pk])
    response = client.post(
        url,
        {
            "community": community.pk, "title": "Monthly meetup", "starts_at_0": "2027-03-20",
            "starts_at_1": "10:00", "ends_at_0": "2027-03-20", "ends_at_1": "11:00",
            "timezone": "America/Denver", "location": "Room\x1b[31m5",
            "online_url": "https://meet.example.edu/x\u2028y", "notes": "", "capacity": "",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "control character" in page
    meeting.refresh_from_db()
    assert "\x1b" not in meeting.location and "\u2028" not in meeting.online_url


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_in_an_online_link_is_refused(client, community, leader, separator):
    client.force_login(leader)
    data = {**MEETING, "online_url": f"https://meet.example.edu/x{separator}DTSTART:19700101"}
    response = client.post(_url("manage_meeting_new", community), data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_a_stored_control_character_or_separator_never_reaches_the_calendar_file_or_emails(
    client, community, leader, member, django_capture_on_commit_callbacks
):
    meeting = schedule(community, day=date(2027, 3, 20), start_time=time(10), end_time=time(11))
    Meeting.objects.filter(pk=meeting.pk).update(
        title="Lunch\x1b[2J\x07 and\x7f learn",
        location="Room\x9b5",
        online_url="https://meet.example.edu/x\u2028DTSTART:19700101",
        notes="Agenda\x1b[31m\nsecond line",
    )
    client.force_login(member)
    ics = client.get(_url("meeting_ics", community, meeting.pk))
    assert ics.status_code == 200
    body = ics.content.decode().replace("\r\n", "")
    assert not [ch for ch in body if ch in "\u2028\u2029" or (ord(ch) < 32 or 127 <= ord(ch) < 160)]
    assert "SUMMARY:Lunch[2J and learn" in body
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("manage_meeting_cancel", community, meeting.pk), follow=True)
    assert response.status_code == 200
    assert mail.outbox and all("Lunch" in m.subject for m in mail.outbox)
    assert not any(
        ch for m in mail.outbox for ch in m.subject if ord(ch) < 32 or 127 <= ord(ch) < 160
    )


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f"])
def test_a_text_direction_character_in_a_one_line_field_is_refused(client, member, character):
    # "Hi \u202efdp.exe" would show as "Hi exe.pdf" in the leaders' mailbox.
    client.force_login(member)
    response = client.post(
        reverse("communities:my_settings"),
        {"meeting_emails": "on", "ask_me_about": f"Python {character}gnitset"},
    )
    assert "text-direction character" in response.content.decode()
    assert not MemberSettings.objects.filter(user=member, ask_me_about__contains=character).exists()
