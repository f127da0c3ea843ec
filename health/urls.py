from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("pulse/<str:token>/", views.pulse, name="pulse"),
    path("c/<str:slug>/pulse/", views.pulse_give, name="pulse_give"),
    path("c/<str:slug>/health/", views.community_health, name="community"),
    path("c/<str:slug>/renewal/", views.renewal, name="renewal"),
    path("coordination/", views.dashboard, name="dashboard"),
    path("coordination/communities.csv", views.dashboard_csv, name="dashboard_csv"),
]
