"""The one community-name rule (communities/names.py) on every path: proposal form, services,
admin, importer."""

from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.importing import import_communities
from communities.models import Community, Proposal
from communities.names import name_key
from communities.services import proposals

PROPOSE = reverse("communities:propose")
ADMIN_ADD = reverse("admin:communities_community_add")
PROPOSAL = {
    "kind": "community",
    "purpose": "Share techniques for writing clear web content and forms.",
    "audience": "Anyone who writes for the public.",
    "intended_format": "virtual",
}
CYRILLIC_LOOKALIKE = "D\u0430ta Science"  # the second letter is CYRILLIC SMALL LETTER A


def _admin_add(client, name):
    return client.post(
        ADMIN_ADD,
        {
            "name": name, "kind": "community", "meeting_format": "unknown",
            "membership_policy": "open", "status": "active",
            **{f"{prefix}-{key}": value for prefix in ("memberships", "meetings", "former_slugs")
               for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
        },
    )  # fmt: skip


def test_an_invisible_name_is_refused_next_to_the_field(client, employee):
    client.force_login(employee)
    response = client.post(PROPOSE, {**PROPOSAL, "name": "\u200b"})
    assert response.status_code == 200
    assert "Give the community a name" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_invisible_name_already_proposed_cannot_block_every_later_community(
    client, employee, coordinator, make_community
):
    waiting = Proposal.objects.create(proposer=employee, name="\u200b\u200b", **PROPOSAL)
    with pytest.raises(ValidationError) as error:
        proposals.proposal_approve(proposal=waiting, coordinator=coordinator)
    assert error.value.error_dict["name"][0].code == "name_empty"
    assert make_community("Data Science").name == "Data Science"
    report = import_communities(b"name,kind\nPlain Writers,community\n\xe2\x80\x8b,community\n")
    assert report.created == 1 and "name" in report.errors[0][1]
    client.force_login(coordinator)
    assert _admin_add(client, "Admin Made").status_code == 302
    response = _admin_add(client, "\u200b")
    assert response.status_code == 200 and "Give the community a name" in response.content.decode()
    assert Community.objects.count() == 3


def test_a_name_in_look_alike_letters_of_another_script_is_taken(make_community):
    make_community("Data Science")
    with pytest.raises(ValidationError) as error:
        make_community(CYRILLIC_LOOKALIKE)
    assert error.value.error_dict["name"][0].code == "name_taken"


def test_the_proposal_form_and_admin_refuse_a_look_alike(client, employee, coordinator, community):
    make_lookalike = community.name.replace("a", "\u0430")
    client.force_login(employee)
    page = client.post(PROPOSE, {**PROPOSAL, "name": make_lookalike}).content.decode()
    assert "already exists" in page
    client.force_login(coordinator)
    response = _admin_add(client, make_lookalike)
    assert response.status_code == 200 and "already" in response.content.decode()


def test_direction_overrides_and_invisible_characters_are_removed_from_a_name(make_community):
    community = make_community("Data \u202eecneicS\u202c\u2066 Club\ufeff")
    assert community.name == "Data ecneicS Club"


def test_a_renamed_community_cannot_take_a_look_alike_name(make_community):
    make_community("Data Science")
    other = make_community("Plain Writers")
    from communities.services.communities import community_update

    with pytest.raises(ValidationError):
        community_update(community=other, name=CYRILLIC_LOOKALIKE)


def test_the_migration_repairs_names_the_new_rule_refuses(db, capsys):
    from django.apps import apps

    migration = import_module("communities.migrations.0009_name_key_skeleton")
    Community.objects.bulk_create(
        Community(name=name, name_key=f"old-{n}", slug=f"s{n}")
        for n, name in enumerate(["Data Science", CYRILLIC_LOOKALIKE, "\u200b", "Web \u202eClub"])
    )
    migration.recompute_keys(apps, None)
    assert list(Community.objects.order_by("pk").values_list("name", flat=True)) == [
        "Data Science", f"{CYRILLIC_LOOKALIKE} (2)",
        f"Unnamed community {Community.objects.order_by('pk')[2].pk}", "Web Club",
    ]  # fmt: skip
    frozen_key = migration._key("DATA SCIENCE", migration._prototypes())
    assert Community.objects.get(name="Data Science").name_key == frozen_key
    assert "renamed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "invisible",
    ["\u3164", "\uffa0", "\u115f\u1160", "\u2800", "\ufe0f", "\u034f", "\u3164 \u2800 \u034f"],
)
def test_a_name_made_only_of_blank_looking_characters_is_refused(client, employee, invisible):
    client.force_login(employee)
    response = client.post(PROPOSE, {**PROPOSAL, "name": invisible})
    assert response.status_code == 200
    assert "Give the community a name" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("invisible", ["\u034f", "\ufe0f", "\u3164", "\u115f", "\u2800"])
def test_an_invisible_character_appended_to_a_real_name_does_not_make_a_new_name(
    make_community, invisible
):
    make_community("Data Science")
    with pytest.raises(ValidationError) as error:
        make_community(f"Data Science{invisible}")
    assert error.value.error_dict["name"][0].code == "name_taken"


def test_default_ignorable_characters_are_removed_from_the_stored_name(make_community):
    assert make_community("Data\u034f Sci\ufe0fence\u3164").name == "Data Science"


def test_a_name_needs_a_letter_or_a_digit():
    from communities.names import name_clean

    with pytest.raises(ValidationError):
        name_clean("\u0301 - . \u2800")
    assert name_clean("42") == "42"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Data (AI)", "Data (Al)"),  # capital I and small L look alike (UTS #39)
        ("IT Security", "it security"),  # case never counts
        ("DATA SCIENCE", "Data Science"),
        ("ВИРТ", "вирт"),  # case in another script
        ("Data (ai)", "DATA (Al)"),
    ],
)
def test_look_alikes_and_case_give_the_same_name_key(first, second):
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(("first", "second"), [("Data Science", "Data Sciences"), ("Web", "Wed")])
def test_different_names_keep_different_keys(first, second):
    assert name_key(first) != name_key(second)


def test_a_name_that_differs_only_by_capital_i_and_small_l_is_taken(make_community):
    make_community("Data (AI)")
    with pytest.raises(ValidationError) as error:
        make_community("Data (Al)")
    assert error.value.error_dict["name"][0].code == "name_taken"


def test_the_second_migration_recomputes_keys_and_repairs_new_collisions(db, capsys):
    from django.apps import apps

    migration = import_module("communities.migrations.0013_rules_one_home_fixes")
    Community.objects.bulk_create(
        Community(name=name, name_key=f"old-{n}", slug=f"s{n}")
        for n, name in enumerate(["Data (AI)", "Data (Al)", "\u3164\u3164", "Web\u034f Club"])
    )
    migration.recompute_keys(apps, None)
    rows = list(Community.objects.order_by("pk").values_list("pk", "name", "name_key"))
    assert [name for _, name, _ in rows] == [
        "Data (AI)", "Data (Al) (2)", f"Unnamed community {rows[2][0]}", "Web Club",
    ]  # fmt: skip
    assert [key for _, _, key in rows] == [name_key(name) for _, name, _ in rows]
    assert "renamed 'Data (Al) (2)'" in capsys.readouterr().out


def test_a_name_of_symbols_only_is_refused_with_the_name_message(make_community):
    with pytest.raises(ValidationError) as error:
        make_community("☕☕☕")
    assert error.value.error_dict["name"][0].code == "name_empty"
