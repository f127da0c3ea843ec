from django.apps import AppConfig
from django.db.models.signals import pre_delete


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and single sign-on"

    def ready(self):
        from django.contrib.auth import get_user_model

        from .signals import end_memberships_of_deleted_user

        # A user deleted outright (a shell) still ends their memberships through the service.
        pre_delete.connect(
            end_memberships_of_deleted_user,
            sender=get_user_model(),
            dispatch_uid="end_memberships_of_deleted_user",
        )
