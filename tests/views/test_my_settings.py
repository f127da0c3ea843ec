from django.urls import reverse

from communities.models import MeetingEmailOptOut, MemberSettings
from communities.services import preferences


def test_settings_turn_off_one_communitys_meeting_emails(client, community, member):
    client.force_login(member)
    url = reverse("communities:my_settings")
    page = client.get(url).content.decode()
    assert community.name in page and "/me/calendar/" in page
    client.post(url, {"meeting_emails": "on"})  # the community left unticked
    assert MeetingEmailOptOut.objects.filter(user=member, community=community).exists()
    client.post(url, {"meeting_emails": "on", "communities": [community.pk]})
    assert not MeetingEmailOptOut.objects.exists()
    client.post(url, {})
    assert MemberSettings.objects.get(user=member).meeting_emails is False


def test_settings_need_login(client, db):
    response = client.get(reverse("communities:my_settings"))
    assert response["Location"].startswith("/accounts/login/")


def test_the_unsubscribe_link_asks_then_turns_off_all_meeting_emails(client, member):
    url = preferences.unsubscribe_url(member, None)
    page = client.get(url).content.decode()
    assert "Unsubscribe" in page and "from all your communities" in page
    assert MemberSettings.objects.filter(user=member, meeting_emails=False).count() == 0
    response = client.post(url)  # one click, no login, no CSRF cookie (RFC 8058 style)
    assert response.status_code == 200 and "Done" in response.content.decode()
    assert MemberSettings.objects.get(user=member).meeting_emails is False


def test_the_unsubscribe_link_answers_only_get_and_post(client, member):
    url = preferences.unsubscribe_url(member, None)
    assert client.put(url).status_code == 405 and client.delete(url).status_code == 405


def test_a_forged_unsubscribe_link_is_refused(client, member):
    url = preferences.unsubscribe_url(member, None)[:-5] + "abcd/"
    assert client.post(url).status_code == 400
    assert not MemberSettings.objects.filter(meeting_emails=False).exists()


def test_settings_turn_the_weekly_digest_on_and_off(client, member):
    client.force_login(member)
    url = reverse("communities:my_settings")
    assert "Send me a weekly digest" in client.get(url).content.decode()
    client.post(url, {"meeting_emails": "on", "member_digest": "on"})
    assert MemberSettings.objects.get(user=member).member_digest is True
    client.post(url, {"meeting_emails": "on"})
    assert MemberSettings.objects.get(user=member).member_digest is False
