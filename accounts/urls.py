from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/delete/", views.account_delete, name="delete"),
]
