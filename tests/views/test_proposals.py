import pytest
from django.core import mail
from django.urls import reverse

from communities.models import EmailMessageLog, Proposal

PROPOSE = reverse("communities:propose")
FORM = {
    "name": "Plain Language Writers",
    "kind": "community",
    "purpose": "Share techniques for writing clear web content and forms.",
    "audience": "Anyone who writes for the public.",
    "intended_format": "virtual",
}


def test_proposing_requires_login(client, db):
    response = client.get(PROPOSE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(PROPOSE, FORM).status_code == 302
    assert not Proposal.objects.exists()


def test_a_proposal_is_saved_and_confirmed(
    client, employee, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, FORM, follow=True)
    assert "your proposal is in" in response.content.decode()
    assert Proposal.objects.get().proposer == employee
    assert {tuple(m.to) for m in mail.outbox} == {(employee.email,), (coordinator.email,)}


def test_bad_input_is_explained_next_to_the_field(client, employee, community):
    client.force_login(employee)
    response = client.post(PROPOSE, {**FORM, "name": community.name.lower(), "purpose": "short"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in page and "20+ characters" in page
    assert not Proposal.objects.exists()


def test_mail_failure_still_shows_success(
    client, employee, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, FORM, follow=True)
    assert response.status_code == 200 and "your proposal is in" in response.content.decode()
    assert Proposal.objects.count() == 1
    assert EmailMessageLog.objects.filter(status="failed").exists()


def test_my_proposals_shows_status_and_note(client, employee):
    Proposal.objects.create(
        proposer=employee,
        status="declined",
        coordinator_note="Try the WLI group.",
        decided_at="2026-01-01T00:00Z",
        **{k: FORM[k] for k in ("name", "purpose", "audience")},
    )
    client.force_login(employee)
    page = client.get(reverse("communities:my_proposals")).content.decode()
    assert "Declined" in page and "Try the WLI group." in page


def test_nobody_sees_another_persons_proposal_confirmation(client, employee, make_user):
    proposal = Proposal.objects.create(
        proposer=employee, **{k: FORM[k] for k in ("name", "purpose", "audience")}
    )
    client.force_login(make_user())
    assert client.get(reverse("communities:proposal_sent", args=[proposal.pk])).status_code == 404
    assert (
        client.post(reverse("communities:proposal_withdraw", args=[proposal.pk])).status_code == 404
    )


@pytest.mark.parametrize("url_name", ["my_communities", "my_proposals"])
def test_my_pages_require_login(client, db, url_name):
    assert client.get(reverse(f"communities:{url_name}")).status_code == 302


def test_my_communities_lists_memberships(client, community, member):
    client.force_login(member)
    assert community.name in client.get(reverse("communities:my_communities")).content.decode()


# Duplicate detection (issue 14, item 2): "did you mean ... ?" before a proposal is sent.
SIMILAR = reverse("communities:propose_similar")


def test_a_taken_name_links_to_the_community_that_has_it(client, employee, community):
    client.force_login(employee)
    page = client.post(PROPOSE, {**FORM, "name": community.name.upper()}).content.decode()
    assert (
        f'<a class="alert-link" href="{community.get_absolute_url()}">Open the page of “{community.name}”</a>'
        in page
    )


def test_a_similar_name_is_shown_before_the_proposal_is_sent(client, employee, make_community):
    open_data = make_community("Open Data Community of Practice")
    client.force_login(employee)
    name = "Open Data Comunity of Practice"
    response = client.post(PROPOSE, {**FORM, "name": name})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Did you mean…?" in page and f'href="{open_data.get_absolute_url()}"' in page
    assert "Send my proposal anyway" in page
    assert not Proposal.objects.exists()
    # Sending the same name again (the hidden field remembers it) passes the step.
    response = client.post(PROPOSE, {**FORM, "name": name, "distinct_from": name})
    assert response.status_code == 302
    assert Proposal.objects.get().name == name


def test_changing_the_name_after_the_step_checks_the_new_name(client, employee, make_community):
    make_community("Open Data Community of Practice")
    make_community("Agile Development Community of Practice")
    client.force_login(employee)
    response = client.post(
        PROPOSE,
        {
            **FORM,
            "name": "Agile Development CoP",
            "distinct_from": "Open Data Comunity of Practice",
        },
    )
    assert "Agile Development Community of Practice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_other_peoples_open_proposals_are_counted_not_named(client, employee, make_user):
    Proposal.objects.create(
        proposer=make_user(), name="Research Software Engineers", purpose="p" * 30, audience="All"
    )
    client.force_login(employee)
    page = client.get(SIMILAR, {"name": "Research Software Engineer"}).content.decode()
    assert "1 proposal with a similar name is waiting" in page
    assert "Research Software Engineers" not in page


def test_the_live_list_is_a_fragment_with_links(client, employee, make_community):
    agile = make_community("Agile Development Community of Practice")
    client.force_login(employee)
    response = client.get(SIMILAR, {"name": "Agile Development CoP"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f'<a class="alert-link" href="{agile.get_absolute_url()}">{agile.name}</a>' in page
    assert client.get(SIMILAR, {"name": "Knitting"}).content.decode().strip() == ""


def test_the_live_list_takes_huge_input_and_is_rate_limited(client, employee, community, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "similar_names": (2, 3600)}
    client.force_login(employee)
    assert client.get(SIMILAR, {"name": "x" * 10_000}).status_code == 200
    assert client.get(SIMILAR, {"name": "Accessibility"}).status_code == 200
    assert client.get(SIMILAR, {"name": "Accessibility"}).status_code == 429


def test_the_live_list_needs_login_and_a_get(client, employee):
    assert client.get(SIMILAR, {"name": "x"})["Location"].startswith("/accounts/login/")
    client.force_login(employee)
    assert client.post(SIMILAR, {"name": "x"}).status_code == 405


def test_the_propose_page_loads_its_script_from_the_site(client, employee):
    client.force_login(employee)
    response = client.get(PROPOSE)
    page = response.content.decode()
    assert '<script src="/static/js/similar-names.js" defer></script>' in page
    assert f'data-similar-url="{SIMILAR}"' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
