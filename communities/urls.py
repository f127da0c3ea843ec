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
