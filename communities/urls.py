from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("c/<str:slug>/", views.community_detail, name="detail"),
    path("c/<str:slug>/join/", views.community_join, name="join"),
    path("c/<str:slug>/leave/", views.community_leave, name="leave"),
    path("propose/", views.propose, name="propose"),
    path("propose/sent/<int:pk>/", views.proposal_sent, name="proposal_sent"),
    path("me/", views.my_communities, name="my_communities"),
    path("me/proposals/", views.my_proposals, name="my_proposals"),
    path("me/proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("about/", TemplateView.as_view(template_name="about/index.html"), name="about"),
    path(
        "about/start/", TemplateView.as_view(template_name="about/start.html"), name="about_start"
    ),
    path("about/tips/", TemplateView.as_view(template_name="about/tips.html"), name="about_tips"),
]

# Meetings, calendars and personal settings (meeting_views), leader tools (manage_views).
from . import manage_views, meeting_views  # noqa: E402

MANAGE = "c/<str:slug>/manage/"
urlpatterns += [
    path("c/<str:slug>/meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("c/<str:slug>/meetings/<int:pk>/rsvp/", meeting_views.meeting_rsvp, name="meeting_rsvp"),
    path(
        "c/<str:slug>/meetings/<int:pk>/meeting.ics", meeting_views.meeting_ics, name="meeting_ics"
    ),
    path("c/<str:slug>/calendar.ics", meeting_views.community_ics, name="community_ics"),
    path("me/calendar/<str:token>.ics", meeting_views.personal_ics, name="personal_ics"),
    path("me/settings/", meeting_views.my_settings, name="my_settings"),
    path("me/settings/calendar-reset/", meeting_views.calendar_reset, name="calendar_reset"),
    path("me/unsubscribe/<str:token>/", meeting_views.unsubscribe, name="unsubscribe"),
    path(MANAGE, manage_views.manage, name="manage"),
    path(MANAGE + "page/", manage_views.manage_page, name="manage_page"),
    path(MANAGE + "people/", manage_views.manage_people, name="manage_people"),
    path(MANAGE + "people.csv", manage_views.manage_export, name="manage_export"),
    path(MANAGE + "people/<int:pk>/approve/", manage_views.manage_approve, name="manage_approve"),
    path(MANAGE + "people/<int:pk>/decline/", manage_views.manage_decline, name="manage_decline"),
    path(MANAGE + "people/<int:pk>/remove/", manage_views.manage_remove, name="manage_remove"),
    path(MANAGE + "people/<int:pk>/role/", manage_views.manage_role, name="manage_role"),
    path(
        MANAGE + "people/co-leaders/",
        manage_views.manage_co_leader_add,
        name="manage_co_leader_add",
    ),
    path(MANAGE + "people/hand-over/", manage_views.manage_hand_over, name="manage_hand_over"),
    path(MANAGE + "messages/", manage_views.manage_email, name="manage_email"),
    path(MANAGE + "meetings/new/", manage_views.manage_meeting_new, name="manage_meeting_new"),
    path(MANAGE + "meetings/series/new/", manage_views.manage_series_new, name="manage_series_new"),
    path(
        MANAGE + "meetings/<int:pk>/edit/",
        manage_views.manage_meeting_edit,
        name="manage_meeting_edit",
    ),
    path(
        MANAGE + "meetings/<int:pk>/cancel/",
        manage_views.manage_meeting_cancel,
        name="manage_meeting_cancel",
    ),
    path(
        MANAGE + "meetings/<int:pk>/restore/",
        manage_views.manage_meeting_restore,
        name="manage_meeting_restore",
    ),
    path(
        MANAGE + "meetings/<int:pk>/attendance/",
        manage_views.manage_attendance,
        name="manage_attendance",
    ),
]
