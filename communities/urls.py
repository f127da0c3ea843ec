from django.urls import path
from django.views.generic import TemplateView

from .views import (
    calendars,
    community,
    directory,
    invitations,
    leader_tools,
    me,
    meetings,
    proposals,
)

app_name = "communities"

# Leader tools keep their /manage/ paths and manage_* names (bookmarks, templates, tests).
MANAGE = "c/<str:slug>/manage/"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("c/<str:slug>/", community.community_detail, name="detail"),
    path("c/<str:slug>/join/", community.community_join, name="join"),
    path("c/<str:slug>/leave/", community.community_leave, name="leave"),
    path("c/<str:slug>/members/", community.community_members, name="members"),
    path("c/<str:slug>/contact/", community.community_contact, name="contact"),
    path("c/<str:slug>/offer-to-lead/", community.community_offer_to_lead, name="offer_to_lead"),
    path("propose/", proposals.propose, name="propose"),
    path("propose/similar/", proposals.propose_similar, name="propose_similar"),
    path("propose/sent/<int:pk>/", proposals.proposal_sent, name="proposal_sent"),
    path("me/", me.my_communities, name="my_communities"),
    path("me/proposals/", proposals.my_proposals, name="my_proposals"),
    path("me/proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("me/proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("me/proposals/<int:pk>/notes/", proposals.proposal_note, name="proposal_note"),
    path("me/proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("about/", TemplateView.as_view(template_name="about/index.html"), name="about"),
    path(
        "about/start/", TemplateView.as_view(template_name="about/start.html"), name="about_start"
    ),
    path("about/tips/", TemplateView.as_view(template_name="about/tips.html"), name="about_tips"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/calendar.ics", calendars.campus_ics, name="campus_ics"),
    path("meetings/feed.atom", meetings.meeting_list_atom, name="meeting_list_atom"),
    path("c/<str:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("c/<str:slug>/meetings/<int:pk>/rsvp/", meetings.meeting_rsvp, name="meeting_rsvp"),
    path("c/<str:slug>/meetings/<int:pk>/meeting.ics", calendars.meeting_ics, name="meeting_ics"),
    path("c/<str:slug>/calendar.ics", calendars.community_ics, name="community_ics"),
    path("me/calendar/<str:token>.ics", calendars.personal_ics, name="personal_ics"),
    path("me/settings/", me.my_settings, name="my_settings"),
    path("me/settings/calendar-reset/", me.calendar_reset, name="calendar_reset"),
    path("me/unsubscribe/<str:token>/", me.unsubscribe, name="unsubscribe"),
    path(MANAGE, leader_tools.manage, name="manage"),
    path(MANAGE + "page/", leader_tools.manage_page, name="manage_page"),
    path(MANAGE + "people/", leader_tools.manage_people, name="manage_people"),
    path(MANAGE + "people.csv", leader_tools.manage_export, name="manage_export"),
    path(MANAGE + "people/<int:pk>/approve/", leader_tools.manage_approve, name="manage_approve"),
    path(MANAGE + "people/<int:pk>/decline/", leader_tools.manage_decline, name="manage_decline"),
    path(MANAGE + "people/<int:pk>/remove/", leader_tools.manage_remove, name="manage_remove"),
    path(MANAGE + "people/<int:pk>/role/", leader_tools.manage_role, name="manage_role"),
    path(
        MANAGE + "people/co-leaders/",
        leader_tools.manage_co_leader_add,
        name="manage_co_leader_add",
    ),
    path(MANAGE + "people/hand-over/", leader_tools.manage_hand_over, name="manage_hand_over"),
    path(MANAGE + "messages/", leader_tools.manage_email, name="manage_email"),
    path(MANAGE + "invitations/", invitations.manage_invitations, name="manage_invitations"),
    path(
        MANAGE + "invitations/<int:pk>/revoke/",
        invitations.manage_invitation_revoke,
        name="manage_invitation_revoke",
    ),
    path(
        MANAGE + "invitations/<int:pk>/resend/",
        invitations.manage_invitation_resend,
        name="manage_invitation_resend",
    ),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path(
        "invitations/<str:token>/sign-up/",
        invitations.invitation_sign_up_view,
        name="invitation_sign_up",
    ),
    path(
        "invitations/<str:token>/opt-out/",
        invitations.invitation_opt_out_view,
        name="invitation_opt_out",
    ),
    path(MANAGE + "meetings/new/", leader_tools.manage_meeting_new, name="manage_meeting_new"),
    path(MANAGE + "meetings/series/new/", leader_tools.manage_series_new, name="manage_series_new"),
    path(
        MANAGE + "meetings/<int:pk>/edit/",
        leader_tools.manage_meeting_edit,
        name="manage_meeting_edit",
    ),
    path(
        MANAGE + "meetings/<int:pk>/cancel/",
        leader_tools.manage_meeting_cancel,
        name="manage_meeting_cancel",
    ),
    path(
        MANAGE + "meetings/<int:pk>/restore/",
        leader_tools.manage_meeting_restore,
        name="manage_meeting_restore",
    ),
    path(
        MANAGE + "meetings/<int:pk>/attendance/",
        leader_tools.manage_attendance,
        name="manage_attendance",
    ),
]
