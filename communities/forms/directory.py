"""The directory's search, filters and sort (django-filter)."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Lower

from ..models import Community, Kind, MeetingFormat, MembershipPolicy
from ..selectors.search import query_words, search_communities

SORTS = {
    "relevance": ("Best match", [F("search_rank").desc(), Lower("name")]),
    "name": ("Name (A–Z)", [Lower("name")]),
    "newest": ("Newest first", ["-created_at", Lower("name")]),
    "members": ("Most members", ["-member_count", Lower("name")]),
    "next_meeting": ("Next meeting", [F("next_meeting_at").asc(nulls_last=True), Lower("name")]),
}
# Whatever the sort, dormant communities come after the active ones.
DORMANT_LAST = Case(
    When(status=Community.Status.DORMANT, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def category_choices():
    """The categories in use among listed communities, as filter choices."""
    categories = (
        Community.objects.listed()
        .exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )
    return [(c, c) for c in categories]


class CommunityFilter(django_filters.FilterSet):
    """Filters the listed communities by keyword ``q`` and the fields people choose by.

    ``q`` matches every word against name, category, summary, purpose and host unit, with typo
    tolerance (selectors.search, the same on PostgreSQL and SQLite). Without a chosen ``sort``,
    results come best match first when there is a query, by name otherwise; "Best match" without
    a query, and unknown ``sort`` values, fall back to name. Invalid filter values are ignored, not
    errors.
    """

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. accessibility"}),
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, empty_label="Any kind")
    category = django_filters.ChoiceFilter(choices=category_choices, empty_label="Any category")
    meeting_format = django_filters.ChoiceFilter(
        label="Format", choices=MeetingFormat.choices, empty_label="Any format"
    )
    membership_policy = django_filters.ChoiceFilter(
        label="Membership", choices=MembershipPolicy.choices, empty_label="Any policy"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Community
        fields = ["q", "kind", "category", "meeting_format", "membership_policy", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filters render without errors: a stale or hand-edited value is ignored, not scolded.
        self.form.helper = FormHelper()
        self.form.helper.form_tag = False
        self.form.helper.form_show_errors = False
        # A GET form: a CSRF token would land in the URL, every page link, browser history and
        # access logs, and in the directory's cache fragment shared by everyone.
        self.form.helper.disable_csrf = True

    def search(self, queryset, name, value):
        return search_communities(queryset, value)

    def has_query(self) -> bool:
        """Whether ``q`` holds at least one word to search for."""
        return bool(query_words(self.form.cleaned_data.get("q") or ""))

    def sort_by(self, queryset, name, value):
        if value == "relevance" and not self.has_query():
            value = "name"
        return queryset.order_by(DORMANT_LAST, *SORTS.get(value, SORTS["name"])[1])

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            default = "relevance" if self.has_query() else "name"
            queryset = queryset.order_by(DORMANT_LAST, *SORTS[default][1])
        return queryset
