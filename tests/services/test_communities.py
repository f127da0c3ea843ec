import pytest
from django.core.exceptions import ValidationError

from communities.models import FormerSlug
from communities.services import communities


def test_colliding_slugs_get_a_number(make_community):
    first = make_community("Data & Analytics")
    second = make_community("Data Analytics")
    assert (first.slug, second.slug) == ("data-analytics", "data-analytics-2")


def test_a_name_in_another_case_is_refused(make_community):
    make_community("Web Analytics")
    with pytest.raises(ValidationError) as error:
        make_community("WEB analytics")
    assert error.value.error_dict["name"][0].code == "name_taken"


def test_renaming_keeps_the_old_slug_as_a_redirect(community):
    old_slug = community.slug
    communities.community_update(community=community, name="Digital Accessibility Network")
    assert community.slug == "digital-accessibility-network"
    assert FormerSlug.objects.get(slug=old_slug).community == community


def test_a_new_community_never_takes_a_former_slug(community, make_community):
    old_slug = community.slug
    communities.community_update(community=community, name="Renamed")
    newcomer = make_community(community_name := "Accessibility Community of Practice")
    assert newcomer.name == community_name
    assert newcomer.slug != old_slug


@pytest.mark.parametrize(
    "lookalike",
    [
        "øresund network",
        "ØRESUND NETWORK",
        "Øresund\u200b Network",
        "Øresund  Network",
        "Ｏresund Network".replace("Ｏ", "Ø"),
    ],
)
def test_names_equal_but_for_case_spacing_or_invisible_characters_are_refused(
    make_community, lookalike
):
    make_community("Øresund Network")
    with pytest.raises(ValidationError):
        make_community(lookalike)


def test_full_width_letters_count_as_their_plain_twins(make_community):
    make_community("AB Testing")
    with pytest.raises(ValidationError):
        make_community("ＡＢ Testing")
